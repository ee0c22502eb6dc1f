// Make the overview's table (and any plain Markdown table) sortable by clicking a header,
// with the site's own copy of tablesort. Runs on every page load, instant navigation too.
document$.subscribe(() => {
  document.querySelectorAll("article table").forEach((table) => {
    if (!table.dataset.sortable) {
      new Tablesort(table);
      table.dataset.sortable = "yes";
    }
  });
});
