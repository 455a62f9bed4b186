"""QR codes as SVG data: URIs — for the two-factor enrolment, the stations' posters and the
meetings' sign-in screens. A data: URI needs no file and passes the CSP (`img-src data:`)."""

import base64

import qrcode
import qrcode.image.svg


def qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()
