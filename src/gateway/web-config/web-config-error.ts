/** A web configuration file that cannot be used; the message names the file, the place and the field. */
export class WebConfigError extends Error {
  override name = 'WebConfigError';
}
