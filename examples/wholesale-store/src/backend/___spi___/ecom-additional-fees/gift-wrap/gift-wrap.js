// Every order is gift-wrapped: $2.50 per order, taxed like the goods.
export const calculateAdditionalFees = async (options, context) => ({
  currency: context.currency,
  additionalFees: options.lineItems.length === 0
    ? []
    : [{ code: 'gift-wrap', name: 'Gift wrapping', price: '2.50', taxDetails: { taxable: true } }],
});
