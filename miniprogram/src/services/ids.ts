/**
 * A new id made on the phone, in the server's id format (24 hex digits: seconds, then random).
 * A form sends it with its first save: if the answer is lost and the clerk taps again, the
 * server finds the same id and answers with what it already saved instead of making a copy.
 */
export function newClientId(): string {
  const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  let rest = '';
  for (let i = 0; i < 16; i++) rest += Math.floor(Math.random() * 16).toString(16);
  return seconds + rest;
}
