// A custom discount trigger: it holds for members with the "wholesale" role. The discount
// itself is a rule in the store (Store → Discounts, or POST /ecom/v1/discount-rules) whose
// trigger is {triggerType: 'CUSTOM', customTrigger: {id: 'wholesale'}}.
import { currentMember } from 'wix-members-backend';

const WHOLESALE = 'wholesale';

export const listTriggers = async () => ({
  customTriggers: [{ _id: WHOLESALE, name: 'Wholesale customers' }],
});

export const getEligibleTriggers = async (options, context) => {
  if (context.identity.identityType !== 'MEMBER') return { eligibleTriggers: [] };
  // The buying member's roles.
  const roles = await currentMember.getRoles();
  if (!roles.some((role) => role._id === WHOLESALE)) return { eligibleTriggers: [] };
  return {
    eligibleTriggers: options.triggers
      .filter((trigger) => trigger.customTrigger._id === WHOLESALE)
      .map((trigger) => ({ customTriggerId: WHOLESALE, identifier: trigger.identifier })),
  };
};
