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

// Autocomplete (core/widgets/autocomplete.html): an ARIA 1.2 combobox over the scoped endpoint
// (core.autocomplete). The chosen records are hidden inputs under the field's own name, so the form
// or filter submits what a drop-down would; the text input itself has no name and submits nothing.
function setupAutocomplete(root) {
  if (root.dataset.ready) return;
  root.dataset.ready = "1";
  const input = root.querySelector(".autocomplete-input");
  const listbox = document.getElementById(input.getAttribute("aria-controls"));
  const status = root.querySelector(".autocomplete-status");
  const moreHint = root.querySelector(".autocomplete-more");
  const chips = root.querySelector(".autocomplete-chips");
  const multiple = root.hasAttribute("data-multiple");
  const single = multiple ? null : root.querySelector('input[type="hidden"]');
  const text = (key, values) =>
    (root.dataset[key] || "").replace(/%\((\w+)\)s/g, (_m, name) => String(values[name] ?? ""));
  let results = [];
  let active = -1;
  let timer = null;
  let asked = 0;
  let chosenText = input.value;

  const chosen = () =>
    multiple ? [...chips.querySelectorAll('input[type="hidden"]')].map((h) => h.value) : [single.value];

  function close() {
    listbox.hidden = true;
    moreHint.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    const options = listbox.querySelectorAll('[role="option"]');
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach((option, i) => {
      option.classList.toggle("active", i === active);
      option.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }

  function show(answer) {
    const taken = new Set(chosen());
    results = answer.results.filter((item) => !multiple || !taken.has(String(item.id)));
    listbox.replaceChildren();
    results.forEach((item, i) => {
      const option = document.createElement("li");
      option.id = `${listbox.id}-${i}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.index = String(i);
      option.textContent = item.text;
      listbox.append(option);
    });
    active = -1;
    input.removeAttribute("aria-activedescendant");
    listbox.hidden = results.length === 0;
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
    moreHint.hidden = !answer.more;
    status.textContent = results.length
      ? text("textCount", { count: results.length }) + (answer.more ? ` ${text("textMore", {})}` : "")
      : text("textNone", {});
  }

  function ask() {
    const number = ++asked;
    const url = `${root.dataset.autocomplete}&q=${encodeURIComponent(input.value.trim())}`;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : { results: [], more: false }))
      .then((answer) => {
        if (number === asked && document.activeElement === input) show(answer);
      })
      .catch(() => close());
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(ask, 250);
  }

  function addChip(item) {
    const chip = document.createElement("li");
    chip.className = "badge text-bg-light border d-inline-flex align-items-center gap-1";
    const label = document.createElement("span");
    label.textContent = item.text;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn-close autocomplete-remove";
    remove.dataset.value = String(item.id);
    remove.setAttribute("aria-label", text("textRemove", { name: item.text }));
    const hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = root.dataset.name;
    hidden.value = String(item.id);
    chip.append(label, remove, hidden);
    chips.append(chip);
  }

  function choose(index) {
    const item = results[index];
    if (!item) return;
    if (multiple) {
      addChip(item);
      input.value = "";
      status.textContent = text("textAdded", { name: item.text });
    } else {
      single.value = String(item.id);
      input.value = item.text;
      chosenText = item.text;
    }
    close();
    single?.dispatchEvent(new Event("change", { bubbles: true }));
  }

  input.addEventListener("input", later);
  input.addEventListener("focus", () => {
    if (multiple || !single.value) later();
  });
  input.addEventListener("keydown", (event) => {
    const open = !listbox.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) {
        ask();
        return;
      }
      highlight(event.key === "ArrowDown" ? active + 1 : active - 1);
    } else if (event.key === "Enter") {
      if (open && active >= 0) {
        event.preventDefault(); // choosing, not submitting the form
        choose(active);
      }
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        close();
      } else if (!multiple) {
        input.value = chosenText;
      }
    } else if (event.key === "Backspace" && multiple && !input.value) {
      chips.lastElementChild?.remove();
    }
  });
  input.addEventListener("blur", () => {
    clearTimeout(timer);
    asked++; // an answer arriving after leaving the field is not shown
    close();
    if (multiple) return;
    if (!input.value.trim()) {
      single.value = "";
      chosenText = "";
    } else {
      input.value = chosenText;
    }
  });
  // mousedown, not click: the input keeps the focus, so its blur does not close the list first.
  listbox.addEventListener("mousedown", (event) => {
    const option = event.target.closest('[role="option"]');
    if (!option) return;
    event.preventDefault();
    choose(Number(option.dataset.index));
  });
  chips?.addEventListener("click", (event) => {
    const remove = event.target.closest(".autocomplete-remove");
    if (!remove) return;
    remove.closest("li").remove();
    input.focus();
  });
}
function setupAutocompletes(scope) {
  for (const root of (scope || document).querySelectorAll("[data-autocomplete]")) setupAutocomplete(root);
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => setupAutocompletes());
else setupAutocompletes();
document.addEventListener("htmx:load", (event) => {
  const root = event.detail && event.detail.elt;
  if (root && root.querySelectorAll) setupAutocompletes(root);
});
