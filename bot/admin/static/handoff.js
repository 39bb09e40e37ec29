// /admin/handoff/{number}: choosing a saved reply puts its text in the reply box at once
// (without this file, the "Chèn vào ô trả lời" button reloads the page with the box filled).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const saved = document.getElementById("saved-reply");
  const box = document.getElementById("reply-text");
  if (!saved || !box) {
    return;
  }
  saved.addEventListener("change", () => {
    const option = saved.options[saved.selectedIndex];
    if (option && option.dataset.text) {
      box.value = option.dataset.text;
      box.focus();
    }
  });
});
