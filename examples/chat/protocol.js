// The chat's line protocol: one UTF-8 line per message, `VERB rest…`.
//   client → server   HELLO <name>           first line of a connection
//                     SAY <text>
//   server → client   WELCOME <name>         the name the server gave you (made unique)
//                     USERS <name,name,…>    who is online (after every join and leave)
//                     JOIN <name> / LEAVE <name>
//                     MSG <name> <text>

/** One protocol line (with its newline) from a verb and its arguments. Newlines in the text become spaces. */
function encode(verb, ...args) {
  return `${[verb, ...args].join(' ').replace(/[\r\n]+/g, ' ')}\n`;
}

/**
 * A received line (a Buffer or string, with or without its newline) as `{ verb, name, text, names }`.
 * Unknown or malformed lines give `{ verb: '' }`.
 */
function decode(line) {
  const s = line.toString('utf8').replace(/\r?\n$/, '');
  const space = s.indexOf(' ');
  const verb = space < 0 ? s : s.slice(0, space);
  const rest = space < 0 ? '' : s.slice(space + 1);
  switch (verb) {
    case 'HELLO':
    case 'WELCOME':
    case 'JOIN':
    case 'LEAVE':
      return { verb, name: cleanName(rest) };
    case 'SAY':
      return { verb, text: rest };
    case 'USERS':
      return { verb, names: rest === '' ? [] : rest.split(',') };
    case 'MSG': {
      const at = rest.indexOf(' ');
      return at < 0 ? { verb: '' } : { verb, name: rest.slice(0, at), text: rest.slice(at + 1) };
    }
    default:
      return { verb: '' };
  }
}

/** A user name: no spaces or commas, at most 20 characters, never empty. */
function cleanName(name) {
  return (
    String(name)
      .replace(/[\s,]+/g, '')
      .slice(0, 20) || 'guest'
  );
}

/** How a client's list shows a server line (`null`: not shown in the list). */
function describe(message) {
  switch (message.verb) {
    case 'MSG':
      return `${message.name}: ${message.text}`;
    case 'JOIN':
      return `→ ${message.name} joined`;
    case 'LEAVE':
      return `← ${message.name} left`;
    default:
      return null;
  }
}

module.exports = { cleanName, decode, describe, encode };
