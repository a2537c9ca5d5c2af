export const registry = {
  registry: {
    kind: { land: '土地承包经营权', homestead: '宅基地使用权', shares: '集体收益分配权' },
    kindShort: { land: '承包地', homestead: '宅基地', shares: '股权' },
    status: { active: '正常', listed: '挂牌中', in_transaction: '交易中', transferred: '已流转', exited: '已退出', cancelled: '已注销' },
    parcelStatus: { active: '有效', transferred: '已流转', returned: '已交回' },
    certStatus: { valid: '有效', superseded: '已换发', cancelled: '已注销' },
    certKind: { land: '农村土地承包经营权证', homestead: '宅基地使用权证（不动产权证）', shares: '集体资产股权证' },
    terrain: { plain: '平原', hill: '丘陵', mountain: '山区' },
    landClass: { paddy: '水田', dry: '旱地', irrigated: '水浇地', orchard: '园地', forest: '林地', other: '其他' },
    relation: { head: '户主', spouse: '配偶', child: '子女', parent: '父母', grandchild: '孙子女', grandparent: '祖父母', sibling: '兄弟姐妹', child_in_law: '儿媳/女婿', other: '其他' },
    sex: { M: '男', F: '女' },
    hukou: { rural: '农村户籍', settled_city: '已进城落户' },
    unit: { mu: '亩', m2: '平方米', shares: '股' },
    search: { label: '按姓名、身份证号或承包方编码查找', title: '农户', none: '没有找到符合条件的农户。', emptyCollective: '本集体还没有登记农户。', kindId: '按身份证号', kindCode: '按承包方编码', kindName: '按姓名' },
    household: {
      title: '农户', new: '登记新农户', edit: '修改农户信息', code: '承包方编码', codeHint: '18 位：发包方编码 {{prefix}} + 4 位顺序号', head: '户主', phone: '联系电话',
      address: '住址', hukou: '户籍状态', settledOn: '落户日期', settledCity: '落户城市', persons: '人数', members: '家庭成员', rights: '权利', history: '变更记录',
      collective: '集体经济组织', created: '农户已登记。', updated: '农户信息已更新。', homesteadEligibility: '宅基地资格', eligible: '可申请宅基地', notEligible: '不得再申请宅基地（已出卖或赠与住宅）',
      settledNote: '进城落户不影响本户的土地承包经营权、宅基地使用权和集体收益分配权（韶府办〔2017〕37号 第三(四)条）。',
      reason: '修改原因', membersHint: '第一行填户主；空行会被忽略。', noRights: '本户尚未登记权利。', accounts: '农户账户', newAccount: '为该户成员开设账户',
    },
    member: {
      edit: '修改成员', updated: '成员信息已更新。', editReason: '修改原因',
      name: '姓名', idNumber: '身份证号', relation: '与户主关系', sex: '性别', birthDate: '出生日期', isMember: '集体经济组织成员', hukou: '户籍',
      add: '添加成员', added: '成员已添加。', remove: '移除', removed: '成员已移除。', removeReason: '移除原因', age: '年龄', ageYears: '{{age}} 岁',
    },
    right: {
      add: '登记权利', added: '权利已登记。', details: '详情', status: '状态', certificate: '证书', noCertificate: '未发证', cancel: '注销权利', cancelled: '权利已注销。',
      cancelReason: '注销原因（如：登记错误）', cancelConfirm: '注销后不可恢复，确定要注销该权利吗？', area: '面积', total: '合计',
    },
    land: {
      new: '登记承包地', contractNo: '承包合同编号', startDate: '承包期起', endDate: '承包期止', term: '承包期限', parcels: '地块', parcelCode: '地块编码',
      parcelName: '地块名称', areaMu: '面积（亩）', landClass: '地类', east: '东至', south: '南至', west: '西至', north: '北至', geojson: '范围（GeoJSON，可选）',
      parcelsHint: '每行一个地块，空行会被忽略。地块编码 19 位：发包方编码 {{prefix}} + 5 位顺序号。', boundaries: '四至',
    },
    homestead: {
      new: '登记宅基地', parcelHint: '19 位：发包方编码 {{prefix}} + 5 位顺序号。', parcelCode: '宗地代码', location: '坐落', areaM2: '宗地面积（平方米）', terrain: '地形', approvalNo: '批准文号', floorAreaM2: '房屋建筑面积（平方米，可选）',
      limits: '本集体宅基地面积上限：平原 {{plain}}、丘陵 {{hill}}、山区 {{mountain}} 平方米；一户只能有一处宅基地。', geojson: '范围（GeoJSON，可选）',
    },
    shares: { new: '登记股权', count: '股数', collectiveTotal: '本集体总股数 {{total}}，已分配 {{allocated}}，可分配 {{free}}。' },
    cert: {
      issue: '发证', issued: '证书已发放。', number: '证书编号', numberHint: '留空则自动编号；已有纸质证书可填写原编号。', reissue: '换发', reissued: '证书已换发，原证书编号保留在历史中。',
      cancel: '注销证书', cancelled: '证书已注销。', reason: '原因', issuedAt: '发证日期', endedAt: '失效日期', history: '证书记录', print: '打印证书',
      reissueConfirm: '换发后原证书作废，确定吗？', cancelConfirm: '注销后证书作废且不可恢复，确定吗？', scan: '扫码核验', holder: '权利人', issuer: '发证机关',
      printedNote: '本证书由{{collective}}登记，可扫描二维码核验真伪。', members: '共有人（家庭成员）', replaces: '换发自',
    },
    verify: {
      title: '证书核验', valid: '证书有效', invalid: '证书已失效', notFound: '未找到该证书。请确认二维码完整，或联系发证单位。', number: '证书编号', kind: '权利类型', size: '面积/股数',
      holder: '权利人', issuedAt: '发证日期', status: '状态', privacy: '为保护个人信息，本页只显示证书状态和经遮蔽的权利人姓名。',
    },
    dividend: {
      title: '分红记录', year: '年度', perShare: '每股分红（元）', note: '备注', none: '还没有分红记录。', recorded: '分红已记录。',
      totalPaid: '全体股东合计（元）', intro: '本集体总股数 {{total}}，已量化到户 {{allocated}} 股。每户分红 = 持股数 × 每股分红。', household: '分红（本户所得）', amount: '本户所得（元）',
    },
    history: { at: '时间', who: '操作人', action: '事项', detail: '内容', reason: '原因', none: '暂无变更记录。' },
    action: {
      household_create: '登记农户', household_update: '修改农户信息', member_update: '修改成员', dividend_record: '记录分红', member_add: '添加成员', member_remove: '移除成员',
      right_register: '登记权利', right_cancel: '注销权利', certificate_issue: '发证', certificate_reissue: '换发证书', certificate_cancel: '注销证书',
      import_households: '批量导入', account_create: '开设账户',
    },
    farmer: { title: '我的家庭', intro: '这里是本户登记的全部权利和证书。如有错误，请联系村集体经办人。', noHousehold: '账户尚未关联农户。' },
  },
};
