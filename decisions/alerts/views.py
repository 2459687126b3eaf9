"""The alerts' pages: sign up, confirm, manage, unsubscribe, and ask for a new manage link
when one has expired. Links carry tokens (tokens.py); no page needs an account, and none
needs JavaScript. No page sends mail: each writes to the outbox (tasks.py delivers it)."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from archive_site.client_ip import client_address
from decisions.alerts import services
from decisions.alerts.backlinks import safe_back
from decisions.alerts.bounces import MAX_BODY, BounceError, parse_reports
from decisions.alerts.forms import FrequencyForm, NewLinkForm, SignUpForm
from decisions.alerts.kinds import Frequency
from decisions.alerts.ratelimit import allow_new_link, allow_sign_up
from decisions.alerts.seams import signup_form_context
from decisions.alerts.selectors import alert_of, alerts_of
from decisions.alerts.tasks import deliver_soon
from decisions.alerts.tokens import (
    CONFIRM,
    MANAGE,
    UNSUBSCRIBE,
    make_token,
    read_token,
    subscriber_gone,
    token_expired,
)

log = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    """Take a sign-up; answer the same whether or not the address is known. A GET (the
    address bar, after an answer) says where the forms are."""
    if request.method == "GET":
        return render(request, "alerts/where_to_sign_up.html")
    form = SignUpForm(request.POST)
    if not form.is_valid():
        return _sign_up_again(request, form, status=400)
    if not allow_sign_up(email=form.cleaned_data["email"], client=client_address(request)):
        form.add_error(None, "Too many sign-ups from here: try again in an hour")
        return _sign_up_again(request, form, status=429)
    services.sign_up(email=form.cleaned_data["email"], alert=form.alert)
    deliver_soon()  # never sent here: how long SMTP takes would tell that an address is known
    return render(request, "alerts/check_email.html", {"email": form.cleaned_data["email"]})


def _sign_up_again(request: HttpRequest, form: SignUpForm, *, status: int) -> HttpResponse:
    """The form again, as the page it came from showed it, with its errors and a link back."""
    return render(
        request,
        "alerts/sign_up.html",
        {
            "form": form,
            "signup_form": form,
            "back": safe_back(request.POST.get("back", "")),
            **signup_form_context(
                kind=request.POST.get("kind", ""),
                target=request.POST.get("target", ""),
                querystring=request.POST.get("querystring", ""),
            ),
        },
        status=status,
    )


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/link_not_valid.html", {"form": NewLinkForm()}, status=404)


def _expired(
    request: HttpRequest, form: NewLinkForm | None = None, status: int = 410
) -> HttpResponse:
    return render(
        request, "alerts/link_expired.html", {"form": form or NewLinkForm()}, status=status
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a button (mail scanners follow links; only a person presses it); POST: confirm."""
    subject = read_token(token, CONFIRM)
    if subject is None:
        return _not_found(request)
    if request.method == "GET":
        alert = alert_of(subject.subscriber, subject.alert_id or 0)
        if alert is None:
            return _not_found(request)
        return render(
            request,
            "alerts/confirm.html",
            {"token": token, "alert": alert, "subscriber": subject.subscriber},
        )
    alert = services.confirm_alert(subject.subscriber, subject.alert_id)
    if alert is None:
        return _not_found(request)
    manage_url = make_token(subject.subscriber, MANAGE)
    return render(request, "alerts/confirmed.html", {"alert": alert, "manage_token": manage_url})


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """An address's alerts: change how often, stop one, stop all."""
    subject = read_token(token, MANAGE)
    if subject is None:
        return _expired(request) if token_expired(token, MANAGE) else _not_found(request)
    subscriber = subject.subscriber
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "stop-all":
            services.stop_all(subscriber)
            return render(request, "alerts/unsubscribed.html")
        if action == "resume":
            services.resume(subscriber)  # a new secret: the links sent before are dead
            return HttpResponseRedirect(
                reverse("alerts:manage", args=[make_token(subscriber, MANAGE)])
            )
        if action in {"frequency", "stop"}:
            form = FrequencyForm(
                {"frequency": Frequency.ASAP, **request.POST.dict()}
                if action == "stop"
                else request.POST
            )
            alert = alert_of(subscriber, form.cleaned_data["alert"]) if form.is_valid() else None
            if alert is None:
                return render(
                    request,
                    "alerts/manage.html",
                    {
                        "subscriber": subscriber,
                        "alerts": alerts_of(subscriber),
                        "token": token,
                        "frequencies": Frequency.choices,
                        "error": "Choose one of your alerts",
                    },
                    status=400,
                )
            if action == "stop":
                services.stop_alert(alert)
            else:
                services.set_frequency(alert, form.cleaned_data["frequency"])
        return HttpResponseRedirect(request.path)
    return render(
        request,
        "alerts/manage.html",
        {
            "subscriber": subscriber,
            "alerts": alerts_of(subscriber),
            "token": token,
            "frequencies": Frequency.choices,
        },
    )


@csrf_exempt  # RFC 8058: mail systems POST List-Unsubscribe=One-Click with no cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a button to confirm; POST (the button, or a mail system's one-click): stop
    every alert of the address and forget it."""
    subject = read_token(token, UNSUBSCRIBE)
    if subject is None:
        if request.method == "POST" and subscriber_gone(token):
            # Already gone (a second one-click, say): it is stopped, and the answer the same.
            return render(request, "alerts/unsubscribed.html")
        # Never "stopped" while the address may still get alerts: a revoked or forged link.
        return _not_found(request)
    if request.method == "GET":
        return render(
            request,
            "alerts/unsubscribe.html",
            {
                "token": token,
                "subscriber": subject.subscriber,
                "alerts": alerts_of(subject.subscriber),
            },
        )
    services.stop_all(subject.subscriber)
    return render(request, "alerts/unsubscribed.html")


@require_POST
def new_link(request: HttpRequest) -> HttpResponse:
    """An expired link's form: queue a new manage link for the address; answer the same
    whether or not it is known."""
    form = NewLinkForm(request.POST)
    if not form.is_valid():
        return _expired(request, form, status=400)
    if not allow_new_link(email=form.cleaned_data["email"], client=client_address(request)):
        form.add_error(None, "Too many requests from here: try again in an hour")
        return _expired(request, form, status=429)
    services.send_manage_link(email=form.cleaned_data["email"])
    deliver_soon()
    return render(request, "alerts/link_sent.html", {"email": form.cleaned_data["email"]})


def _problem(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@csrf_exempt  # a mail relay posts it, with the shared secret instead of a cookie
@require_POST
def bounces(request: HttpRequest) -> HttpResponse:
    """A mail relay's reports of hard bounces and complaints (bounces.py), which pause the
    addresses. Authenticated by ALERTS_BOUNCE_SECRET as a bearer token; off while unset."""
    secret = settings.ALERTS_BOUNCE_SECRET
    if not secret:
        return _problem("bounce reports are not taken here (ALERTS_BOUNCE_SECRET is unset)", 404)
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not constant_time_compare(given.strip(), secret):
        response = _problem("send the shared secret as Authorization: Bearer <secret>", 401)
        response["WWW-Authenticate"] = 'Bearer realm="alerts bounces"'
        return response
    if request.content_type != "application/json":
        return _problem(f"send JSON (Content-Type: application/json), not {request.content_type!r}")
    if len(request.body) > MAX_BODY:  # over DATA_UPLOAD_MAX_MEMORY_SIZE, Django's 400
        return _problem(f"the body is over {MAX_BODY} bytes")
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        return _problem(f"the body is not JSON: {error}")
    except RecursionError:
        return _problem("the body is not JSON this archive takes: it nests too deep")
    try:
        reports = parse_reports(data)
    except BounceError as error:
        return _problem(str(error))
    paused = services.pause_addresses(reports=reports)
    log.info("bounce reports: %s taken, %s addresses paused", len(reports), paused)
    # Not which addresses are known: a leaked secret must not list the subscribers.
    return JsonResponse({"accepted": len(reports)})
