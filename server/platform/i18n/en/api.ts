// Messages of the JSON API (/api/v1) that the registry pages never show.
export const api = {
  api: {
    errors: {
      unauthorized: 'A valid API token is required: send the token an administrator issued as "Authorization: Bearer <token>".',
      insufficientScope:
        'This token is read-only and may not change anything (it needs the {{scope}} scope); ask an administrator for a read-write token.',
      malformedJson: 'The request body is not valid JSON.',
      bodyNotObject: 'The request body must be a JSON object.',
      unsupportedMediaType: 'The request body must be JSON (Content-Type: application/json, UTF-8).',
      tooLarge: 'The request body may not exceed {{max}}.',
      badRequest: 'The request is malformed.',
      notFound: 'No such endpoint, or the record does not exist or you may not see it.',
      internal: 'Something went wrong on the server. Try again later; if it keeps happening, give the request id to the administrator.',
    },
  },
};
