import { createOpenApiValidator, type OpenApiDocument } from './openapi-validator.js';

const openapi3: OpenApiDocument = {
  openapi: '3.0.0',
  paths: {
    '/contacts/{contactId}': {
      put: {
        operationId: 'update-contact',
        parameters: [
          { name: 'Version', in: 'header', required: true, schema: { type: 'string' } },
          { name: 'contactId', in: 'path', required: true, schema: { type: 'string' } },
        ],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/UpdateContactDto' } } } },
      },
    },
    '/contacts/search': {
      put: { operationId: 'literal-beats-param', requestBody: { content: { 'application/json': { schema: { type: 'object' } } } } },
    },
    '/contacts/': {
      get: {
        operationId: 'get-contacts',
        parameters: [
          { name: 'locationId', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'number', maximum: 100 } },
          { name: 'includeDeleted', in: 'query', schema: { type: 'boolean' } },
        ],
      },
    },
    '/free': {
      post: {
        operationId: 'free-form',
        requestBody: {
          content: {
            'application/json': {
              schema: { type: 'object', properties: { meta: { type: 'object', additionalProperties: true } }, additionalProperties: { type: 'string' } },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      UpdateContactDto: {
        type: 'object',
        properties: {
          firstName: { type: 'string', nullable: true, example: 'rosan' },
          email: { type: 'string', format: 'email' },
          dnd: { type: 'boolean' },
          dndSettings: { $ref: '#/components/schemas/DndSettings' },
          wrapped: { description: 'NestJS wraps nested DTOs like this', allOf: [{ $ref: '#/components/schemas/DndSettings' }] },
          customFields: {
            type: 'array',
            items: { anyOf: [{ $ref: '#/components/schemas/TextField' }, { $ref: '#/components/schemas/NumberField' }] },
          },
          external: { $ref: '../common/common-schemas.json#/components/schemas/BadRequestDTO' },
          score: { type: 'number', minimum: 0, exclusiveMinimum: true },
        },
      },
      DndSettings: {
        type: 'object',
        properties: { status: { type: 'string', enum: ['active', 'inactive'] }, message: { type: 'string' } },
        required: ['status'],
      },
      TextField: {
        type: 'object',
        properties: { id: { type: 'string' }, field_value: { type: 'string' } },
        required: ['id'],
      },
      NumberField: {
        type: 'object',
        properties: { id: { type: 'string' }, field_value: { type: 'number' }, currency: { type: 'string' } },
        required: ['id', 'currency'],
      },
    },
  },
};

const swagger2: OpenApiDocument = {
  swagger: '2.0',
  paths: {
    '/orders': {
      post: {
        operationId: 'createOrder',
        parameters: [
          { name: 'marketplaceIds', in: 'query', required: true, type: 'array', items: { type: 'string' } },
          { name: 'pageSize', in: 'query', type: 'integer', maximum: 50 },
          { name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/Order' } },
        ],
      },
    },
  },
  definitions: {
    Order: {
      type: 'object',
      properties: { sku: { type: 'string' }, note: { type: 'string', 'x-nullable': true } },
      required: ['sku'],
      additionalProperties: false,
    },
  },
};

describe('createOpenApiValidator', () => {
  const lenient = createOpenApiValidator(openapi3);
  const strict = createOpenApiValidator(openapi3, { rejectUnknown: true });
  const update = { method: 'PUT', path: '/contacts/{contactId}' };

  it('accepts a valid body, with nullable fields set to null', () => {
    expect(strict.validate(update, { body: { firstName: null, dnd: true, dndSettings: { status: 'active' } } })).toEqual([]);
  });

  it('finds the operation by operationId, template or concrete path, literal segments first', () => {
    expect(strict.has('update-contact')).toBe(true);
    expect(strict.has({ method: 'put', path: '/contacts/abc123' })).toBe(true);
    expect(strict.validate({ method: 'put', path: '/contacts/abc123' }, { body: { companyName: 'x' } })).toHaveLength(1);
    expect(strict.validate({ method: 'put', path: '/contacts/search' }, { body: { companyName: 'x' } })).toEqual([]);
    expect(strict.has({ method: 'delete', path: '/contacts/abc123' })).toBe(false);
    expect(() => strict.validate('no-such-operation', {})).toThrow(/no operation/);
  });

  it('reports unknown properties only when asked to, at any depth', () => {
    const body = { companyName: 'Acme', dndSettings: { status: 'active', channel: 'sms' }, wrapped: { status: 'active', extra: 1 } };
    expect(lenient.validate(update, { body })).toEqual([]);
    expect(strict.validate(update, { body })).toEqual([
      { in: 'body', path: 'companyName', property: 'companyName', message: 'must NOT have additional properties', kind: 'unknown_property' },
      { in: 'body', path: 'dndSettings.channel', property: 'channel', message: 'must NOT have additional properties', kind: 'unknown_property' },
      { in: 'body', path: 'wrapped.extra', property: 'extra', message: 'must NOT have additional properties', kind: 'unknown_property' },
    ]);
  });

  it('reports wrong types, missing required fields, enums and formats', () => {
    const problems = strict.validate(update, { body: { firstName: 3, email: 'not-an-email', dndSettings: { status: 'paused' }, wrapped: {} } });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'firstName', kind: 'wrong_type', message: 'must be string,null' }),
        expect.objectContaining({ path: 'email', kind: 'other', message: 'must match format "email"' }),
        expect.objectContaining({ path: 'dndSettings.status', kind: 'other', message: 'must be equal to one of the allowed values' }),
        expect.objectContaining({ path: 'wrapped.status', property: 'status', kind: 'missing_required' }),
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('converts OpenAPI 3.0 boolean exclusiveMinimum', () => {
    expect(strict.validate(update, { body: { score: 0 } })).toEqual([expect.objectContaining({ path: 'score', message: 'must be > 0' })]);
    expect(strict.validate(update, { body: { score: 0.5 } })).toEqual([]);
  });

  it('reports the closest anyOf branch only', () => {
    expect(strict.validate(update, { body: { customFields: [{ id: 'a', field_value: 'x' }, { id: 'b', field_value: 2, currency: 'USD' }] } })).toEqual([]);
    expect(strict.validate(update, { body: { customFields: [{ field_value: 'x' }] } })).toEqual([
      { in: 'body', path: 'customFields.0.id', property: 'id', message: "must have required property 'id'", kind: 'missing_required' },
    ]);
  });

  it('accepts anything behind a reference to another file', () => {
    expect(strict.validate(update, { body: { external: { whatever: [1] } } })).toEqual([]);
  });

  it('honours additionalProperties as declared, even when rejecting unknown properties', () => {
    const v = createOpenApiValidator(openapi3, { rejectUnknown: true });
    expect(v.validate('free-form', { body: { a: 'x', meta: { anything: 1 } } })).toEqual([]);
    expect(v.validate('free-form', { body: { a: 1 } })).toEqual([expect.objectContaining({ path: 'a', kind: 'wrong_type' })]);
  });

  it('coerces and checks query parameters, and rejects unknown ones when asked to', () => {
    const op = { method: 'GET', path: '/contacts/' };
    expect(lenient.validate(op, { query: new URLSearchParams('locationId=L1&limit=20&includeDeleted=true&x=1') })).toEqual([]);
    expect(lenient.validate(op, { query: { limit: '200', includeDeleted: 'maybe' } })).toEqual([
      { in: 'query', path: 'includeDeleted', property: 'includeDeleted', message: 'must be boolean', kind: 'wrong_type' },
      { in: 'query', path: 'limit', property: 'limit', message: 'must be <= 100', kind: 'other' },
      { in: 'query', path: 'locationId', property: 'locationId', message: "must have required property 'locationId'", kind: 'missing_required' },
    ]);
    const closed = createOpenApiValidator(openapi3, { rejectUnknown: { query: true } });
    expect(closed.validate(op, { query: new URLSearchParams('locationId=L1&x=1') })).toEqual([
      expect.objectContaining({ in: 'query', property: 'x', kind: 'unknown_property' }),
    ]);
    // Body stays lenient with only the query closed.
    expect(closed.validate(update, { body: { companyName: 'x' } })).toEqual([]);
  });

  it('does not change the request it validates', () => {
    const query = { locationId: 'L1', limit: '5' };
    lenient.validate({ method: 'GET', path: '/contacts/' }, { query });
    expect(query).toEqual({ locationId: 'L1', limit: '5' });
  });

  it('reads Swagger 2.0: body parameters, definitions, typed query parameters, x-nullable', () => {
    const v = createOpenApiValidator(swagger2);
    const op = { method: 'POST', path: '/orders' };
    expect(v.validate(op, { body: { sku: 'A1', note: null }, query: new URLSearchParams('marketplaceIds=ATVPDKIKX0DER') })).toEqual([]);
    expect(v.validate(op, { body: { note: 'x', gift: true }, query: { pageSize: '51' } })).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'body', property: 'sku', kind: 'missing_required' }),
        expect.objectContaining({ in: 'body', property: 'gift', kind: 'unknown_property' }),
        expect.objectContaining({ in: 'query', property: 'marketplaceIds', kind: 'missing_required' }),
        expect.objectContaining({ in: 'query', property: 'pageSize', message: 'must be <= 50' }),
      ]),
    );
  });

  it('handles recursive schemas', () => {
    const v = createOpenApiValidator(
      {
        openapi: '3.1.0',
        paths: { '/tree': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } } } },
        components: {
          schemas: {
            Node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } },
          },
        },
      },
      { rejectUnknown: true },
    );
    const op = { method: 'post', path: '/tree' };
    expect(v.validate(op, { body: { name: 'a', children: [{ name: 'b', children: [{ name: 'c' }] }] } })).toEqual([]);
    expect(v.validate(op, { body: { name: 'a', children: [{ children: [{ name: 1, x: 1 }] }] } })).toEqual([
      expect.objectContaining({ path: 'children.0.children.0.name', kind: 'wrong_type' }),
      expect.objectContaining({ path: 'children.0.children.0.x', kind: 'unknown_property' }),
    ]);
  });

  it('can skip format checks', () => {
    const v = createOpenApiValidator(openapi3, { formats: false });
    expect(v.validate(update, { body: { email: 'not-an-email' } })).toEqual([]);
  });
});
