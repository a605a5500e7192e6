import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@hub/server/config';
import { AccountsService } from '@hub/server/auth';

/**
 * HUB_ADMIN_EMAIL / HUB_ADMIN_PASSWORD: the configured instance administrator, created at start if
 * no account has that email — also when another administrator exists already (the development seed's
 * demo admin, say). Every start says in one line what happened; never the password.
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapAdmin.name);

  constructor(
    private readonly config: AppConfig,
    private readonly accounts: AccountsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.bootstrapAdmin;
    if (!admin) return;
    const { created, user } = await this.accounts.ensureInstanceAdmin(admin, { always: true, promote: false });
    if (created)
      this.logger.log(
        `Created the instance administrator ${user.email} from HUB_ADMIN_EMAIL. Remove HUB_ADMIN_PASSWORD from the environment now.`,
      );
    else if (user.isInstanceAdmin)
      this.logger.log(`HUB_ADMIN_EMAIL ${user.email} is an instance administrator; HUB_ADMIN_PASSWORD is not used.`);
    else
      this.logger.warn(
        `HUB_ADMIN_EMAIL ${user.email} already has an account that is not an instance administrator, so it was left as it is. ` +
          'Make it one with `npm run hub -- create-admin --email ' +
          user.email +
          '`, or choose another email.',
      );
  }
}
