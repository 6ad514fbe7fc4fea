"""OmniSim: omnichannel contact-centre exercise simulator for French customer-relations certifications."""

__version__ = "0.1.0"
