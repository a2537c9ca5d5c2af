// Messages of the JSON API (/api/v1) that the registry pages never show.
export const api = {
  api: {
    errors: {
      unauthorized: '需要有效的 API 令牌：请在 Authorization 请求头中以 Bearer 方式提供管理员签发的令牌。',
      insufficientScope: '此令牌为只读令牌，不能修改数据（需要 {{scope}} 权限）；如需写入，请管理员另行签发“读写”令牌。',
      malformedJson: '请求体不是有效的 JSON。',
      bodyNotObject: '请求体须为 JSON 对象。',
      unsupportedMediaType: '请求体须为 JSON（Content-Type: application/json，UTF-8 编码）。',
      tooLarge: '请求体不能超过 {{max}}。',
      badRequest: '请求格式有误。',
      notFound: '没有这个接口，或记录不存在、您无权查看。',
      internal: '服务器出错，请稍后重试；如仍出错，请把请求编号告诉管理员。',
    },
  },
};
