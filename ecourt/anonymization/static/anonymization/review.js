// Words selected in the original text go into the "add" form, ready to be replaced everywhere.
document.addEventListener("mouseup", function (event) {
  if (!event.target.closest || !event.target.closest(".pane-original .anon-text")) return;
  var text = String(window.getSelection() || "").replace(/\s+/g, " ").trim();
  if (!text || text.length > 300) return;
  var field = document.querySelector("#anon-add [name=original]");
  if (!field) return;
  field.value = text;
  var kind = document.querySelector("#anon-add [name=kind]");
  if (kind) kind.focus();
});
