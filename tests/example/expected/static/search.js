// The search page: Pagefind's Default UI, started with the query from ?q= (the header's search box).
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("pencarian");
  var query = new URLSearchParams(window.location.search).get("q");
  // Result URLs are site-root paths; the site may live under a prefix such as /katalog/.
  var root = new URL(element.dataset.root || "./", window.location.href).pathname;
  var ui = new PagefindUI({
    element: "#pencarian",
    bundlePath: new URL(element.dataset.bundle, window.location.href).pathname,
    baseUrl: root,
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    autofocus: !query
  });
  if (query) {
    ui.triggerSearch(query);
  }
});
