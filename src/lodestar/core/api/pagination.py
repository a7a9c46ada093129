"""API list pagination: page numbers by default; a cursor on request for large lists.

``?page=N&page_size=M`` answers with the total count. A client walking a whole register of
thousands of rows asks ``?pagination=cursor`` (then follows ``next``): no COUNT over the list and no
OFFSET that grows with the page number, in the records' id order, stable while rows are added.
"""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

CURSOR = "cursor"


class IdCursorPagination(CursorPagination):
    ordering = "pk"  # unique and indexed: what a cursor needs
    page_size_query_param = "page_size"
    max_page_size = 1000
    page_size = 50


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000

    def _cursor(self, request: Request) -> bool:
        return request.query_params.get("pagination") == CURSOR or CURSOR in request.query_params

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list | None:
        if self._cursor(request):
            self.by_cursor: IdCursorPagination | None = IdCursorPagination()
            if self.page_size:
                self.by_cursor.page_size = self.page_size
            return self.by_cursor.paginate_queryset(queryset, request, view)
        self.by_cursor = None
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data: Any) -> Response:
        if getattr(self, "by_cursor", None) is not None:
            return self.by_cursor.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        # A cursor page has no count: the answer always has results, and next/previous links.
        answer = super().get_paginated_response_schema(schema)
        answer["required"] = ["results"]
        return answer

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": "pagination",
                "required": False,
                "in": "query",
                "description": "cursor: follow next/previous links instead of page numbers (large lists).",
                "schema": {"type": "string", "enum": [CURSOR]},
            },
            {
                "name": CURSOR,
                "required": False,
                "in": "query",
                "description": "The pagination cursor value (from a next or previous link).",
                "schema": {"type": "string"},
            },
        ]
