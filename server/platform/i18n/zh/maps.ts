// Parcel sketches (宗地图) and the collective's parcel map.
export const maps = {
  maps: {
    sketch: {
      heading: '地块示意图', title: '{{name}}（{{code}}）地块示意图', northLetter: '北', noOutline: '未录入测绘范围，仅为示意',
      areaMu: '{{area}} 亩', areaM2: '{{area}} 平方米', homestead: '宅基地',
    },
    map: {
      link: '地块分布图', title: '{{collective}} 地块分布图', intro: '按权利类型和状态着色；点击地块可查看所属农户。',
      noScript: '下表列出本集体全部地块，可直接打开所属农户。启用 JavaScript 后可缩放、拖动地图。',
      plainBackground: '未配置底图服务，地块显示在空白底色上。',
      legend: '图例', legendKind: '权利类型', legendStatus: '状态', unsurveyed: '未录入测绘范围',
      table: '地块清单', parcel: '地块', holder: '权利人（户主）', household: '农户', open: '查看农户',
      none: '本集体还没有登记地块或宅基地。', noShapes: '已登记的地块都还没有测绘范围，地图上无法显示；请在下表中查看。',
      counts: '共 {{total}} 块，其中 {{mapped}} 块有测绘范围。',
      zoomIn: '放大', zoomOut: '缩小', mapLabel: '地块分布地图（可用方向键移动，加减号缩放）',
      overview: '地块分布示意（无 JavaScript 时显示）',
    },
  },
};
