// A real OpenID Connect provider for the single sign-on tests (node-oidc-provider), on 127.0.0.1.
// Its development sign-in form accepts any account name; the account's e-mail is <name>@un.org
// and "grace" belongs to the group "ict-analysts".
// Environment: OIDC_PORT, OIDC_REDIRECT_URI, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: [process.env.OIDC_REDIRECT_URI],
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  pkce: { required: () => true },
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name", "preferred_username", "groups"],
  },
  conformIdTokenClaims: false,
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: `${id}@un.org`,
          email_verified: true,
          name: id,
          given_name: id.charAt(0).toUpperCase() + id.slice(1),
          family_name: "Tester",
          preferred_username: id,
          groups: id === "grace" ? ["ict-analysts"] : [],
        };
      },
    };
  },
});
provider.listen(port, "127.0.0.1", () => console.log(`oidc-provider listening on ${issuer}`));
