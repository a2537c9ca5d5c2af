// Officers' daily work (issue 18): correcting a registration, batch certificates, the to-do list.
export const desk = {
  desk: {
    correct: {
      title: '更正登记',
      link: '更正登记',
      intro:
        '登记内容有误时在此更正，不必注销后重新登记。更正须写明原因，变更前后的内容和原因记入操作日志（《不动产登记暂行条例》第二十二条；《农村土地承包法》第二十四条）。',
      notEditable: '该权利当前为“{{status}}”，挂牌或交易中的权利不能更正（规则 11）。',
      parcelsHint: '可修改、增加或删除地块。新地块的编码须以本集体的发包方编码 {{prefix}} 开头；下面的空行用于增加地块。',
      removeParcel: '删除地块 {{code}}（更正时从合同中去掉，历史记录保留）',
      newParcel: '增加地块（不需要可留空）',
      reason: '更正原因',
      reasonHint: '例如：地块面积录入错误，按承包合同更正。',
      submit: '保存更正',
      confirm: '确认按以上内容更正登记？更正记入操作日志，不能撤销，只能再次更正。',
      done: '已更正登记，原因已记入操作日志。',
    },
  },
};
