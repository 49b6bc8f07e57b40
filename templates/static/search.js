// The search page: Pagefind's Default UI, started with the query from ?q= (the header's search box).
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("pencarian");
  var status = document.getElementById("status-pencarian");
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
    autofocus: false,
    processTerm: function (term) {
      // Keep the query in the address, so reloading, going back and sharing show the same results.
      var url = new URL(window.location.href);
      url.searchParams.set("q", term);
      window.history.replaceState(null, "", url);
      return term;
    }
  });
  // Pagefind's result count is plain text: repeat it in a live region so screen readers hear it.
  new MutationObserver(function () {
    var message = element.querySelector(".pagefind-ui__message");
    var text = message ? message.textContent : "";
    if (status.textContent !== text) {
      status.textContent = text;
    }
  }).observe(element, { childList: true, subtree: true, characterData: true });
  if (query) {
    ui.triggerSearch(query);
  }
});
