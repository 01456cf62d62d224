// A chat client window: `openConnection` to the server, the server's lines as a stream (`from(reader)`: a
// StreamReader is an async iterable of lines) bound into the message list, the online users and the status;
// the input line and the Send button send SAY lines through the StreamWriter (`asyncSlot`, one at a time).

const { Direction, QBoxLayout, QLineEdit, QPushButton, QWidget } = require('@nodegui/nodegui');
const {
  BehaviorSubject,
  catchError,
  combineLatest,
  EMPTY,
  endWith,
  filter,
  from,
  map,
  share,
  startWith,
} = require('rxjs');
const { openConnection } = require('qtasyncio/io');
const { asyncSlot, bind, fromSignal } = require('qtasyncio/rx');
const { decode, describe, encode } = require('./protocol');
const { appendTo, chatWindow } = require('./widgets');

function buildClientWindow(name) {
  const ui = chatWindow(`qtasyncio chat — ${name}`, `Chat — ${name}`, '#2a7ae2');
  const inputRow = new QWidget();
  const row = new QBoxLayout(Direction.LeftToRight);
  row.setContentsMargins(0, 0, 0, 0);
  inputRow.setLayout(row);
  const input = new QLineEdit();
  input.setPlaceholderText('Type a message and press Enter');
  input.setMinimumSize(200, 30);
  const send = new QPushButton();
  send.setText('Send');
  send.setMinimumSize(80, 30);
  row.addWidget(input, 1);
  row.addWidget(send);
  ui.layout.addWidget(inputRow);
  return { ...ui, input, send };
}

/**
 * Open a client window for `name` connected to `host:port`. `onChange(event)` is called after each change the
 * window shows (the test hook reports it). Resolves once connected; the connection then lives in a Task.
 */
async function openClient({ host, port, name, onChange = () => {} }) {
  const ui = buildClientWindow(name);
  const status$ = new BehaviorSubject(`connecting to ${host}:${port}…`);
  const connected$ = new BehaviorSubject(false);
  bind(ui.status, { text: status$ });
  const text$ = fromSignal(ui.input, 'textChanged').pipe(startWith(''));
  bind(ui.send, {
    enabled: combineLatest([connected$, text$]).pipe(map(([up, text]) => up && text.trim() !== '')),
  });
  ui.win.show();

  let reader;
  let writer;
  try {
    [reader, writer] = await openConnection({ host, port });
  } catch (error) {
    status$.next(`could not connect to ${host}:${port}: ${error.message}`);
    onChange('disconnected');
    return { ui, writer: null, status$ };
  }
  writer.write(encode('HELLO', name));
  // The server's lines, decoded: one shared stream that every view below is bound to. A reset connection
  // ends it like the server's EOF does (the reason is kept for the status line).
  let lostWith = null;
  const messages$ = from(reader).pipe(
    map(decode),
    catchError((error) => {
      lostWith = error;
      return EMPTY;
    }),
    share(),
  );
  bind(ui.online, {
    text: messages$.pipe(
      filter((m) => m.verb === 'USERS'),
      map((m) => `Online: ${m.names.join(', ')}`),
      endWith('Offline'),
    ),
  });
  appendTo(
    ui.list,
    messages$.pipe(
      map(describe),
      filter((text) => text !== null),
    ),
  );
  messages$.subscribe({
    next: (m) => {
      if (m.verb === 'WELCOME') {
        connected$.next(true);
        status$.next(`connected to ${host}:${port} as ${m.name}`);
      }
      onChange(m.verb === 'WELCOME' ? 'connected' : 'message');
    },
    complete: () => {
      connected$.next(false);
      status$.next(`disconnected: ${lostWith?.message ?? 'the server closed the connection'}`);
      onChange('disconnected');
    },
  });

  // Sending: Enter or Send; one SAY at a time, each awaiting the writer's drain.
  const sendLine = async () => {
    const text = ui.input.text().trim();
    if (text === '' || !connected$.getValue()) return;
    ui.input.clear();
    writer.write(encode('SAY', text));
    await writer.drain();
    onChange('sent');
  };
  asyncSlot(ui.send, 'clicked', sendLine, { policy: 'queue' });
  asyncSlot(ui.input, 'returnPressed', sendLine, { policy: 'queue' });
  ui.win.addEventListener('Close', () => writer.close());
  return { ui, writer, status$ };
}

module.exports = { openClient };
