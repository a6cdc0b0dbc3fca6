"""The small pieces every part of the page shares: labelled controls and sections
(components), the palette and sizes (style), and registering a clientside callback
(clientside). They import nothing of the app: the features (views, data, training, lessons,
sharing, classroom) build on them, and page/ composes the features on top."""
