// Text shown to people: how a user's value is repeated in a message.
export { clipped, echoed, ECHO_LIMIT, escapedUnprintable, printable } from './echo';
