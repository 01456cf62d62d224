// What the chat's windows share: a window with a coloured heading, a status line, an "online" line and a list
// that streams are appended to.

const {
  Direction,
  QBoxLayout,
  QLabel,
  QListWidget,
  QListWidgetItem,
  QMainWindow,
  QWidget,
} = require('@nodegui/nodegui');
const { untilDestroyed } = require('qtasyncio/rx');

/** Append every text of `texts$` to `list` (and scroll to it), for as long as the list lives. */
function appendTo(list, texts$) {
  return texts$.pipe(untilDestroyed(list)).subscribe((text) => {
    list.addItem(new QListWidgetItem(text));
    list.scrollToBottom();
  });
}

function label(style) {
  const l = new QLabel();
  l.setStyleSheet(style);
  return l;
}

/**
 * A 470×340 window titled `title`: a heading strip in `colour` (without a window manager, as on Xvfb, windows
 * have no title bar), a bold status line, a grey "online" line and a list; `layout` takes more widgets.
 */
function chatWindow(title, heading, colour) {
  const win = new QMainWindow();
  win.setWindowTitle(title);
  win.resize(470, 340);
  const root = new QWidget();
  const layout = new QBoxLayout(Direction.TopToBottom);
  root.setLayout(layout);
  const top = label(
    `background-color: ${colour}; color: white; font-size: 15px; font-weight: bold; padding: 6px 8px;`,
  );
  top.setText(heading);
  const status = label('font-weight: bold;');
  status.setWordWrap(true);
  const online = label('color: #555;');
  const list = new QListWidget();
  list.setStyleSheet('font-size: 14px;');
  for (const w of [top, status, online, list]) layout.addWidget(w);
  win.setCentralWidget(root);
  return { win, layout, status, online, list };
}

module.exports = { appendTo, chatWindow };
