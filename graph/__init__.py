"""Microsoft Graph: the only package that imports msgraph-sdk, msgraph-core, azure-identity and MSAL.

Posting to a channel through Graph is delegated-only (`ChannelMessage.Send`), so the publisher
acts as a signed-in account whose sign-in the bot hosts (`signin.py`); `client.py` builds the SDK
client over any base URL (the real Graph, or a local test server); `publisher.py` posts the digest.
The directory is read with application permissions instead: `app_auth.py` makes the credential
DIRECTORY_CREDENTIAL names, `directory.py` looks people up and installs the app for a lead,
`batching.py` sends the reads twenty to a `$batch` within Graph's limits.
"""
