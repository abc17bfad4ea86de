// Seed for the Medusa v2 peer (bench/medusa.sh copies it into the project and runs it with
// `medusa exec`). Deterministic: one USD region (US), one sales channel, a publishable API key,
// a stock location with the manual fulfillment provider and one flat shipping option, the system
// payment provider (pp_system_default), and PRODUCTS products, each with one variant, a USD
// price and an inventory level. Writes the ids the buyers need as JSON to SEED_OUT.
import { writeFileSync } from "fs"
import { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

export default async function seed({ container }: ExecArgs) {
  const n = Number(process.env.PRODUCTS || 1000)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const storeModule = container.resolve(Modules.STORE)

  const [store] = await storeModule.listStores()
  const { result: [channel] } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Bench Sales Channel" }] },
  })
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        supported_currencies: [{ currency_code: "usd", is_default: true }],
        default_sales_channel_id: channel.id,
      },
    },
  })

  const { result: [region] } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "US", currency_code: "usd", countries: ["us"], payment_providers: ["pp_system_default"] }] },
  })
  await createTaxRegionsWorkflow(container).run({ input: [{ country_code: "us", provider_id: "tp_system" }] })

  const { result: [location] } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: "Bench Warehouse", address: { city: "Springfield", country_code: "US", address_1: "1 Main St" } }] },
  })
  await updateStoresWorkflow(container).run({
    input: { selector: { id: store.id }, update: { default_location_id: location.id } },
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })
  const profiles = await fulfillment.listShippingProfiles({ type: "default" })
  let profile = profiles[0]
  if (!profile) {
    const { result } = await createShippingProfilesWorkflow(container).run({
      input: { data: [{ name: "Default Shipping Profile", type: "default" }] },
    })
    profile = result[0]
  }
  const set = await fulfillment.createFulfillmentSets({
    name: "Bench delivery",
    type: "shipping",
    service_zones: [{ name: "US", geo_zones: [{ country_code: "us", type: "country" }] }],
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: set.id },
  })
  const { result: [option] } = await createShippingOptionsWorkflow(container).run({
    input: [{
      name: "Standard Shipping",
      price_type: "flat",
      provider_id: "manual_manual",
      service_zone_id: set.service_zones[0].id,
      shipping_profile_id: profile.id,
      type: { label: "Standard", description: "Ship in 2-3 days.", code: "standard" },
      prices: [{ currency_code: "usd", amount: 5 }, { region_id: region.id, amount: 5 }],
      rules: [
        { attribute: "enabled_in_store", value: "true", operator: "eq" },
        { attribute: "is_return", value: "false", operator: "eq" },
      ],
    }],
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location.id, add: [channel.id] } })

  const { result: [key] } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Bench", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [channel.id] } })

  // Products in batches of 100: one variant each, priced 1.00..100.00 USD (deterministic).
  logger.info(`seeding ${n} products`)
  const variants: string[] = []
  for (let start = 0; start < n; start += 100) {
    const products: any[] = []
    for (let i = start; i < Math.min(n, start + 100); i++) {
      const amount = 1 + ((i * 7919) % 9900) / 100
      products.push({
        title: `Product ${i}`,
        handle: `product-${i}`,
        status: ProductStatus.PUBLISHED,
        shipping_profile_id: profile.id,
        options: [{ title: "Default", values: ["Default"] }],
        variants: [{
          title: "Default",
          sku: `BENCH-${i}`,
          manage_inventory: true,
          options: { Default: "Default" },
          prices: [{ amount, currency_code: "usd" }],
        }],
        sales_channels: [{ id: channel.id }],
      })
    }
    const { result } = await createProductsWorkflow(container).run({ input: { products } })
    for (const p of result) variants.push(p.variants[0].id)
  }

  // One inventory level per inventory item, at the one location, with ample stock.
  const { data: items } = await query.graph({ entity: "inventory_item", fields: ["id"] })
  for (let start = 0; start < items.length; start += 500) {
    await createInventoryLevelsWorkflow(container).run({
      input: {
        inventory_levels: items.slice(start, start + 500).map((it) => ({
          location_id: location.id,
          inventory_item_id: it.id,
          stocked_quantity: 1_000_000_000,
        })),
      },
    })
  }

  const out = {
    publishable_key: key.token,
    region_id: region.id,
    sales_channel_id: channel.id,
    shipping_option_id: option.id,
    variant_id: variants[0],
    variants: variants.length,
    inventory_levels: items.length,
  }
  writeFileSync(process.env.SEED_OUT || "seed.json", JSON.stringify(out))
  logger.info(`seeded: ${JSON.stringify(out)}`)
}
