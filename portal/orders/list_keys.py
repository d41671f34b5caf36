"""Sort keys of the order list that are expressions, shared by the list's queries and the
indexes of ``Order.Meta``: PostgreSQL uses an expression index only for the very same
expression."""

from django.db.models import F, Value
from django.db.models.functions import Coalesce

# The order's date in the list: submitted, or created for a draft.
LIST_DATE = Coalesce(F("submitted_at"), F("created_at"))
# The portal number; drafts (no number yet) first.
NUMBER_KEY = Coalesce(F("number"), Value(""))
