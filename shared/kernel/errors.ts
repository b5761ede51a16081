/**
 * Domain errors. Each sets `name`, which the HTTP layer maps to a status code
 * (see shared/http/errors.ts). Messages never contain personal data.
 */
export class ValidationError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

export class InvalidPhoneNumberError extends ValidationError {
  constructor(field: string, reason: string) {
    super(`${field} is not a valid phone number (${reason}); send it in E.164 form, e.g. +358401234567`, [
      { path: field, message: `not a valid phone number (${reason})` },
    ]);
    this.name = 'InvalidPhoneNumberError';
  }
}

/** The store could not be reached or refused the write: the sender should retry. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** A concurrent writer changed the record between read and write too many times. */
export class ConcurrentUpdateError extends Error {
  constructor(contactId: string) {
    super(`contact ${contactId} kept changing while being updated; retry the delivery`);
    this.name = 'ConcurrentUpdateError';
  }
}

export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} was not found (it may never have existed or may have expired)`);
    this.name = 'NotFoundError';
  }
}
