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
