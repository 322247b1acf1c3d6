import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../errors/domain-errors';
import { ApiRole } from './api-key.entity';
import { ApiKeysService, Caller } from './api-keys.service';

const PUBLIC = 'bayrecon:public';
const ROLE = 'bayrecon:role';

/** Marks a route that needs no key: liveness for probes and the OpenAPI page. */
export const Public = () => SetMetadata(PUBLIC, true);
/** Marks a route that needs a key with this role; routes without it take any valid key of this instance. */
export const RequireRole = (role: ApiRole) => SetMetadata(ROLE, role);

export type AuthenticatedRequest = Request & { caller?: Caller };

/** Every route needs a key of this instance (`Authorization: Bearer <key>` or `X-API-Key`), unless public. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly keys: ApiKeysService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.header('authorization');
    const key = header?.startsWith('Bearer ') ? header.slice(7).trim() : request.header('x-api-key')?.trim();
    if (!key) throw new UnauthenticatedError('an API key is required: Authorization: Bearer <key> or X-API-Key');
    const caller = await this.keys.authenticate(key);
    if (caller === undefined) throw new UnauthenticatedError('the API key is not valid on this instance');
    const role = this.reflector.getAllAndOverride<ApiRole | undefined>(ROLE, targets);
    if (role !== undefined && caller.role !== role) {
      throw new ForbiddenError(`this route needs a '${role}' key; the key presented is '${caller.role}'`);
    }
    request.caller = caller;
    return true;
  }
}
