/** A valid submission's answers: no hazard, no quality flag. */
export const example = Object.freeze({
  topic: 'drowning',
  theme: '防溺水安全教育主题班会',
  participants: 1260,
  lettersToParents: 1180,
});
