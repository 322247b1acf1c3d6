import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/**
 * The OpenAPI document of an instance, built from its controllers and DTOs. The instance serves it at /docs-json
 * and the console's typed client is generated from the same function's output at build time
 * (`write-documents.ts`), so the client and the routes are one source.
 */
export function openApiDocument(app: INestApplication, instance: { org: string; readOnly: boolean }): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle(`bayrecon API: ${instance.org}`)
    .setDescription(instance.readOnly
      ? 'A regulator\'s read-only view of the flows, breaks and audit history of the pairs of its regime'
      : 'Submit payment sides (JSON, ISO 20022, CSV), work breaks, anchor and verify documents')
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', name: 'X-API-Key', in: 'header' }, 'X-API-Key')
    .build();
  return SwaggerModule.createDocument(app, info, { operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}` });
}
