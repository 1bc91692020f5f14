"""Who may do what with channels: declared once, used by the views.

Managing channels (credentials, removal, health) is for admins; the
capability matrix is readable by anyone who may see channels.
"""

from django.contrib.auth.decorators import permission_required

can_add_channels = permission_required("channels.add_channel", raise_exception=True)
can_manage_channels = permission_required("channels.change_channel", raise_exception=True)
can_view_channels = permission_required("channels.view_channel", raise_exception=True)
