"""One small interface for every network (see ``base.Connector``).

``get_connector(channel)`` returns the implementation for the channel's kind,
built with its decrypted credentials.
"""

from .base import (  # noqa: F401
    ACTIONS,
    ActionResult,
    Capability,
    Connector,
    ConnectorError,
    FetchResult,
    NotSupported,
    PermanentError,
    Profile,
    RateLimited,
    TransientError,
    get_connector,
    register,
)
