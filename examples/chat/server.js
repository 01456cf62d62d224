// The chat server: `startServer` calls `serve(reader, writer)` as a Task per connection; each one reads lines
// with `readLine()` and `for await`, and every SAY is broadcast to every client. What happens is published on
// streams (`log$`, `users$`) that the server window binds to its widgets.

const { BehaviorSubject, Subject } = require('rxjs');
const { startServer } = require('qtasyncio/io');
const { decode, encode } = require('./protocol');

class ChatServer {
  /** Who is online, in order of arrival. */
  users$ = new BehaviorSubject([]);
  /** One line per event, as the server window shows it. */
  log$ = new Subject();
  /** @type {Map<import('qtasyncio/io').StreamWriter, string>} */
  #clients = new Map();
  /** @type {import('qtasyncio/io').Server | null} */
  #server = null;

  /** Listen on `host:port` (port 0: any free port); resolves with the port. */
  async listen(host, port) {
    this.#server = await startServer((reader, writer) => this.#serve(reader, writer), { host, port });
    const [address] = this.#server.addresses();
    return /** @type {[string, number]} */ (address)[1];
  }

  /** Stop listening and close every connection. */
  close() {
    this.#server?.close();
    this.#server?.closeClients();
  }

  #broadcast(verb, ...args) {
    const line = encode(verb, ...args);
    for (const writer of this.#clients.keys()) if (!writer.isClosing()) writer.write(line);
  }

  #uniqueName(wanted) {
    const taken = new Set(this.#clients.values());
    let name = wanted;
    for (let i = 2; taken.has(name); i++) name = `${wanted}${i}`;
    return name;
  }

  #publishUsers() {
    const names = [...this.#clients.values()];
    this.users$.next(names);
    this.#broadcast('USERS', names.join(','));
  }

  /** One connection, as a Task: HELLO, then SAY lines until the client goes away. */
  async #serve(reader, writer) {
    const hello = decode(await reader.readLine());
    if (hello.verb !== 'HELLO') {
      writer.close();
      return;
    }
    const name = this.#uniqueName(hello.name);
    writer.write(encode('WELCOME', name));
    this.#clients.set(writer, name);
    this.#broadcast('JOIN', name);
    this.#publishUsers();
    this.log$.next(`→ ${name} joined`);
    try {
      for await (const line of reader) {
        const message = decode(line);
        if (message.verb !== 'SAY' || message.text.trim() === '') continue;
        this.#broadcast('MSG', name, message.text);
        this.log$.next(`${name}: ${message.text}`);
      }
    } catch {
      // the client's connection was reset: treated like a goodbye
    } finally {
      this.#clients.delete(writer);
      writer.close();
      this.#broadcast('LEAVE', name);
      this.#publishUsers();
      this.log$.next(`← ${name} left`);
    }
  }
}

module.exports = { ChatServer };
