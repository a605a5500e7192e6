import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@hub/server/config';
import { AccountsService } from '@hub/server/auth';

/** HUB_ADMIN_EMAIL / HUB_ADMIN_PASSWORD: the first instance administrator, created once at start. */
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
    const { created, user } = await this.accounts.ensureInstanceAdmin(admin);
    if (created)
      this.logger.log(
        `Created the first instance administrator ${user.email}. Remove HUB_ADMIN_PASSWORD from the environment now.`,
      );
  }
}
