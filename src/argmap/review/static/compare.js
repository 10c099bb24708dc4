// argmap review: the comparison page. Shows the relation filters (hidden without script) and hides the
// rows of unticked relations; nothing else. No data is fetched or written here.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("relation-filters");
  if (!box) return;
  box.hidden = false;
  const update = () => {
    const off = new Set([...box.querySelectorAll("input[data-relation]")].filter((i) => !i.checked).map((i) => i.dataset.relation));
    for (const row of document.querySelectorAll("#points tr.row")) {
      row.classList.toggle("hidden-rel", off.has(row.dataset.relation));
    }
    for (const point of document.querySelectorAll("#points article.point")) {
      const visible = point.querySelectorAll("tr.row:not(.hidden-rel)").length;
      point.hidden = visible === 0;
    }
    document.body.dataset.hiddenRelations = [...off].sort().join(",");
  };
  box.addEventListener("change", update);
  update();
  document.body.dataset.ready = "1";
});
