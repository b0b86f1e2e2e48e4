"""Microsoft Graph: the only package that imports msgraph-sdk, msgraph-core, azure-identity and MSAL.

Posting to a channel through Graph is delegated-only (`ChannelMessage.Send`), so the publisher
acts as a signed-in account whose sign-in the bot hosts (`signin.py`); `client.py` builds the SDK
client over any base URL (the real Graph, or a local test server); `publisher.py` posts the digest.
"""
