// Lodestar's own behaviour, kept out of the pages: the Content-Security-Policy allows no inline script.
"use strict";
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});
// A background rendering that is done (documents/draft_status.html) is opened or downloaded at
// once when htmx swaps it in; its link stays on the page for a second download.
document.addEventListener("htmx:load", (event) => {
  const root = event.detail && event.detail.elt;
  if (!root || !root.querySelectorAll) return;
  const links = root.matches && root.matches("[data-follow-when-ready]") ? [root] : [];
  links.push(...root.querySelectorAll("[data-follow-when-ready]"));
  for (const link of links) {
    link.removeAttribute("data-follow-when-ready");
    window.location.assign(link.href);
  }
});

// Charts: each <div data-chart="ID"> draws the Vega-Lite spec held in <script type="application/json"
// id="ID"> (built in Python, lodestar.core.charts). vega-embed comes from the bundle that the page
// loads before this file. `ast: true` evaluates Vega expressions with its interpreter, never with
// eval/new Function, so the Content-Security-Policy needs no 'unsafe-eval'. A mark with an href
// opens its filtered list in the same tab; its tooltip is the browser's own (no injected style).
function drawCharts() {
  if (typeof window.vegaEmbed !== "function") return;
  for (const holder of document.querySelectorAll("[data-chart]")) {
    const source = document.getElementById(holder.dataset.chart);
    if (!source || holder.dataset.drawn) continue;
    holder.dataset.drawn = "1";
    window
      .vegaEmbed(holder, JSON.parse(source.textContent), {
        ast: true,
        actions: false,
        renderer: "svg",
        // Both would add a <style> element, which the policy refuses: the native tooltip (the
        // SVG title) and lodestar.css instead.
        defaultStyle: false,
        tooltip: false,
        loader: { target: "_self" },
      })
      .then(() => holder.setAttribute("data-chart-ready", "1"))
      .catch((error) => {
        holder.setAttribute("data-chart-error", String(error));
      });
  }
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawCharts);
else drawCharts();
