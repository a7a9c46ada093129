// Lodestar's own behaviour, kept out of the pages: the Content-Security-Policy allows no inline script.
"use strict";
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});
