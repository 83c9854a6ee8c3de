"""Words and pages: text, markdown, HTML, office files and the static site. Models never import this room."""
