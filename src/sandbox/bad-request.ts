/** A request the page cannot make (unknown user, missing field): answered 400 with its Japanese message. */
export class BadRequest extends Error {}
