// Check the cart too, so the buyer hears of the limit before the checkout.
export function getConfig() {
  return { validateInCart: true };
}
