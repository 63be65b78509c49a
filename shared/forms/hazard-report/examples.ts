/** A reported hazard: raises exactly one, high and electrical. */
export const example = Object.freeze({
  place: '教学楼二楼东侧走廊',
  category: 'electrical',
  severity: 'high',
  description: '插座面板破损，电线外露',
});
