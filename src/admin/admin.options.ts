import type { AdminJSOptions } from 'adminjs';

/** Names, texts and looks of the panel: Imagehive's, not AdminJS's marketing. */
export function adminBrandingOptions(): Pick<AdminJSOptions, 'branding' | 'locale' | 'version' | 'settings'> {
  return {
    branding: { companyName: 'Imagehive', withMadeWithLove: false, logo: false },
    version: { admin: false },
    settings: { defaultPerPage: 20 },
    locale: {
      language: 'en',
      availableLanguages: ['en'],
      translations: {
        en: {
          components: {
            Login: {
              welcomeHeader: 'Imagehive',
              welcomeMessage: 'The staff panel. Sign in with your Imagehive username and password (moderators and admins).',
              properties: { email: 'Username', password: 'Password' },
              loginButton: 'Sign in',
            },
          },
          messages: {
            invalidCredentials: 'Wrong username or password',
            noStaffAccess: 'This account has no access to the staff panel',
            tooManyRequests: 'Too many sign-in attempts; wait a minute and try again',
            confirmDelete: 'Take this image down? Its file, its variants and its link go for good.',
          },
          labels: { users: 'Users', uploads: 'Uploads', invites: 'Invites', 'api-tokens': 'API tokens', Accounts: 'Accounts', Content: 'Content' },
          actions: { resetPassword: 'Reset password', bulkDelete: 'Take down', delete: 'Take down' },
          properties: { storageUsed: 'Storage used', quotaBytes: 'Quota (bytes)', quotaFiles: 'Quota (files)', ownerId: 'Owner', userId: 'User', createdById: 'Created by' },
        },
      },
    },
  };
}
