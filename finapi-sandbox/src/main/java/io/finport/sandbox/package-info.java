package io.finport.sandbox;
