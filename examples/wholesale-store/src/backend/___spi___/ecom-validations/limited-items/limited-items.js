// Limited editions: at most 2 of each per order. The owner marks a product as one by giving
// it the ribbon "Limited edition" (Store → Products), which the product page shows too.
import wixData from 'wix-data';

const RIBBON = 'Limited edition';
const MOST = 2;

export const getValidationViolations = async (options) => {
  const lines = options.validationInfo.lineItems;
  const ids = [...new Set(lines.map((line) => line.catalogReference.catalogItemId))];
  if (ids.length === 0) return { violations: [] };
  const limited = await wixData.query('Stores/Products').hasSome('_id', ids).eq('ribbon', RIBBON).find();
  const violations = [];
  for (const product of limited.items) {
    // Every size or colour of the product counts.
    const mine = lines.filter((line) => line.catalogReference.catalogItemId === product._id);
    const quantity = mine.reduce((sum, line) => sum + line.quantity, 0);
    if (quantity > MOST) {
      violations.push({
        severity: 'ERROR',
        target: { lineItem: { name: 'LINE_ITEM_DEFAULT', _id: mine[0]._id } },
        description: `${product.name} is a limited edition: no more than ${MOST} per order (you have ${quantity}).`,
      });
    }
  }
  return { violations };
};
