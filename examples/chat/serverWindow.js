// The server's window: where it listens, who is online, and a log of what it relayed, bound to the server's
// streams.

const { map } = require('rxjs');
const { bind } = require('qtasyncio/rx');
const { appendTo, chatWindow } = require('./widgets');

/** A window showing `server` (a ChatServer listening on `host:port`). */
function openServerWindow(server, host, port) {
  const ui = chatWindow('qtasyncio chat server', 'Chat server', '#444444');
  ui.status.setText(`Server listening on ${host}:${port}`);
  bind(ui.online, {
    text: server.users$.pipe(
      map((names) => (names.length === 0 ? 'Nobody online yet' : `Online: ${names.join(', ')}`)),
    ),
  });
  appendTo(ui.list, server.log$);
  ui.win.show();
  return ui;
}

module.exports = { openServerWindow };
