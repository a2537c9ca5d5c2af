export const common = {
  app: { name: '农村三权登记与流转平台', short: '三权平台', region: '韶关市' },
  nav: {
    home: '首页', households: '农户', register: '登记簿', imports: '导入', exports: '导出', myHousehold: '我的家庭',
    admin: '系统管理', regions: '行政区划', collectives: '集体经济组织', users: '账户', tokens: 'API 令牌',
    logout: '退出', login: '登录', password: '修改密码', language: 'English', skip: '跳到正文', menu: '菜单',
    dividends: '分红', market: '流转市场', oversight: '监管',
  },
  roles: { admin: '系统管理员', bureau: '农业农村局', officer: '村集体经办人', farmer: '农户' },
  actions: {
    save: '保存', cancel: '取消', search: '搜索', back: '返回', edit: '修改', add: '新增', remove: '删除', print: '打印',
    confirm: '确认', view: '查看', download: '下载', upload: '上传', next: '下一页', prev: '上一页', submit: '提交',
  },
  flash: { saved: '已保存。', loggedOut: '您已退出登录。', passwordChanged: '密码已修改。' },
  form: { errorSummary: '请改正以下 {{count}} 处错误：', required: '必填', optional: '选填' },
  empty: { nothing: '暂无记录。' },
  pager: { page: '第 {{page}} 页，共 {{pages}} 页（{{total}} 条）', pageMore: '第 {{page}} 页，共 {{pages}} 页（超过 {{total}} 条，只列出最新的 {{total}} 条，请缩小搜索范围）' },
  yes: '是', no: '否',
  auth: {
    title: '登录', username: '用户名', password: '密码', submit: '登录', failed: '用户名或密码不正确。',
    throttled: '登录尝试过于频繁，请于 {{time}}（北京时间）之后再试。', retryAt: '请于 {{time}}（北京时间）之后再试。', delayHint: '多次输错后，每次重试前须等待的时间会逐渐加长。', inactive: '用户名或密码不正确。',
    changeTitle: '修改密码', mustChange: '首次登录须先设置新密码。', current: '当前密码', newPassword: '新密码',
    repeat: '再次输入新密码', passwordRules: '至少 10 个字符，同时包含字母和数字，且不能是常见密码或“常用词＋年份”之类容易被猜到的组合，例如可用 Tian7ming-qiao3 这样的写法（请勿照抄）。', demoHint: '演示账户见启动日志或 README。',
  },
  home: {
    welcome: '欢迎，{{name}}', officerIntro: '您负责 {{collective}} 的三权登记。', bureauIntro: '您可查看 {{region}} 范围内的全部登记信息（只读）。',
    adminIntro: '管理行政区划、集体经济组织、账户与 API 令牌。', farmerIntro: '查看本户的承包地、宅基地和集体收益分配权。',
    stats: { households: '农户', persons: '人口', land: '承包地', homesteads: '宅基地', shares: '股权', settled: '进城落户户数' },
  },
  status: { notFound: '页面不存在', forbidden: '无权访问', serverError: '系统出错了', requestId: '请求编号：{{id}}', tooMany: '请求过多', unavailable: '暂时无法服务' },
  notFoundText: '您要找的页面不存在，或您无权查看。', forbiddenText: '您的账户无权进行此操作。', serverErrorText: '请稍后再试；如问题持续，请把请求编号告诉管理员。',
  unavailableText: '数据库暂时无法访问，请过一两分钟再试。如问题持续，请告诉系统管理员。',
};
