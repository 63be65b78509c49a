import { greening, MAX_AREA_MU, MAX_INVESTMENT_YUAN, MAX_PLANTS } from '../../../shared/forms/greening';
import { describeFormContract, formHarness } from '../../support/form-harness';

const { valid, without } = formHarness(greening);

describeFormContract(greening, {
  definition: { title: 'is version 1 of an event form for every school', is: ['greening', 1, 'event', 'all'] },
  units: {
    title: 'counts plants in 株, area in 亩 and money in 元',
    units: {
      plantsAdded: { zh: '株', en: 'plants' },
      areaAddedMu: { zh: '亩', en: 'mu' },
      investmentYuan: { zh: '元', en: 'yuan' },
    },
  },
  accepted: [
    {
      title: 'accepts a project without a name, and the ceilings themselves',
      answers: [
        {
          ...without('project'),
          plantsAdded: MAX_PLANTS,
          areaAddedMu: MAX_AREA_MU,
          investmentYuan: MAX_INVESTMENT_YUAN,
        },
      ],
    },
  ],
  refused: {
    project: ['', 'x'.repeat(101)],
    plantsAdded: [-1, MAX_PLANTS + 1, 1.5, '320'],
    areaAddedMu: [-0.5, MAX_AREA_MU + 0.1, undefined],
    investmentYuan: [-1, MAX_INVESTMENT_YUAN + 1, null],
  },
  unknownKey: { key: 'areaAddedM2', value: 1000 },
  noHazardRules: { title: 'has none: greening raises no hazard', answers: valid },
  figures: [
    {
      title: 'sums plants, area and investment, and counts the project',
      answers: valid,
      equal: { projects: 1, plantsAdded: 320, areaAddedMu: 1.5, investmentYuan: 46_800 },
    },
  ],
});
