import { z } from 'zod';
import { nameListTools } from './name-list.js';
import { compact, id, money, ref } from './schemas.js';

export const ITEM_TYPES = ['Service', 'NonInventory', 'Inventory'] as const;

export const itemTools = nameListTools({
  entity: 'Item',
  noun: 'item',
  nouns: 'items',
  nameField: 'Name',
  about: 'an item (a product or service you sell or buy, used on invoice and bill lines)',
  fields: {
    name: z.string().trim().min(1).max(100).describe('Item name, unique among items'),
    type: z
      .enum(ITEM_TYPES)
      .describe('Service or NonInventory (need incomeAccountId), or Inventory (also needs assetAccountId, expenseAccountId, quantityOnHand and inventoryStartDate)'),
    description: z.string().max(4000).describe('Description printed on sales forms'),
    unitPrice: money('Sales price per unit'),
    purchaseCost: money('Purchase cost per unit'),
    sku: z.string().max(100).describe('Stock keeping unit'),
    incomeAccountId: id('income account sales of the item are posted to'),
    expenseAccountId: id('expense or cost-of-goods-sold account purchases are posted to'),
    assetAccountId: id('inventory asset account (Inventory items)'),
    quantityOnHand: z.number().min(0).describe('Quantity in stock (Inventory items)'),
    inventoryStartDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('Date quantityOnHand was counted, YYYY-MM-DD (Inventory items)'),
  },
  required: ['name', 'type'],
  toEntity: (input) =>
    compact({
      Name: input.name,
      Type: input.type,
      Description: input.description,
      UnitPrice: input.unitPrice,
      PurchaseCost: input.purchaseCost,
      Sku: input.sku,
      IncomeAccountRef: ref(input.incomeAccountId),
      ExpenseAccountRef: ref(input.expenseAccountId),
      AssetAccountRef: ref(input.assetAccountId),
      TrackQtyOnHand: input.type === 'Inventory' ? true : undefined,
      QtyOnHand: input.quantityOnHand,
      InvStartDate: input.inventoryStartDate,
    }),
  filters: { type: z.enum(ITEM_TYPES).optional().describe('Only items of this type') },
  conditions: (input) => (input['type'] ? [{ field: 'Type', op: '=', value: String(input['type']) }] : []),
});
