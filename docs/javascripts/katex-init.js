// Render the math that pymdownx.arithmatex (generic mode) leaves in the page, with the
// KaTeX copy the site serves itself. Material's document$ fires on every page load,
// including instant navigation.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "\\[", right: "\\]", display: true },
      { left: "\\(", right: "\\)", display: false },
    ],
    throwOnError: false,
  });
});
