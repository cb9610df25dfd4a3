// The language selector keeps the reader's place: the link to the other
// edition gets the id of the heading or paragraph at the top of the window
// (both editions use the same ids), unless the address already names one or
// the link leads to another page.
(function () {
  "use strict";

  function currentAnchor() {
    if (location.hash) return location.hash;
    const marked = document.querySelectorAll(".md-content [id]");
    let last = null;
    for (const element of marked) {
      if (element.getBoundingClientRect().top > 80) break;
      last = element;
    }
    return last ? "#" + encodeURIComponent(last.id) : "";
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-edition]");
    if (!link) return;
    event.preventDefault();
    try {
      localStorage.setItem("edition", link.dataset.edition);
    } catch (error) {
      // Private browsing: the choice is simply not remembered.
    }
    // A link to another page than this one's copy (partials/alternate.html:
    // a page the other edition does not publish) keeps no place.
    location.href = link.href.split("#")[0] + (link.hasAttribute("data-other-page") ? "" : currentAnchor());
  });
})();
